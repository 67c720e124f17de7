package org.atarisaliency.saliency;
