package org.atarisaliency.agents;
