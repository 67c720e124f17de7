package org.atarisaliency.cli;
