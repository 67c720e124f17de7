/**
 * The Atari environment: ALE wrapper ({@link org.atarisaliency.env.AtariEnv}), game ids and their
 * settings ({@link org.atarisaliency.env.GameIds}), ROM discovery and checks ({@link org.atarisaliency.env.RomLocator},
 * {@link org.atarisaliency.env.RomCheck}), the agents' faithful frame preprocessing
 * ({@link org.atarisaliency.env.Preprocessing} for the A3C agents, {@link org.atarisaliency.env.Sb3Preprocessing}
 * for Stable-Baselines3 / RL Zoo / CleanRL agents, with {@link org.atarisaliency.env.AtariEnv#setMaxPoolLastTwo}) and the screen region it covers
 * ({@link org.atarisaliency.env.ScreenRegion}), NPY files, float resizing ({@link org.atarisaliency.env.Resize}),
 * the object model read from console RAM
 * ({@link org.atarisaliency.env.GameObjects}) and the interventions written through it
 * ({@link org.atarisaliency.env.Interventions}), temporary output names ({@link org.atarisaliency.env.OutputFiles}) and the settings error every
 * module throws ({@link org.atarisaliency.env.InvalidSettingException}).
 */
package org.atarisaliency.env;
