/**
 * The one declaration of each pipeline's settings ({@link org.atarisaliency.pipelines.settings.Setting},
 * {@link org.atarisaliency.pipelines.settings.Declaration}) and the checked values a run applies
 * ({@link org.atarisaliency.pipelines.settings.SettingValues}). The command line's options, the experiment
 * configs' schema, the job specs and every output's provenance are generated from it; nothing here
 * knows how a command line or a config spells a setting.
 */
package org.atarisaliency.pipelines.settings;
