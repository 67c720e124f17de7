/**
 * The {@code view} command's local web explorer: {@link org.atarisaliency.viewer.ViewerServer} serves our own static app
 * (HTML, JS, CSS in the resources, no CDN) and the data of what a command wrote ({@link org.atarisaliency.viewer.ViewTarget}),
 * one step at a time ({@link org.atarisaliency.viewer.NpySlices}), so a run of any length streams.
 */
package org.atarisaliency.viewer;
