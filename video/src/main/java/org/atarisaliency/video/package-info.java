package org.atarisaliency.video;
