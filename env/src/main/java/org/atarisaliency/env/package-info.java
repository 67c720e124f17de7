/**
 * The Atari environment: ALE wrapper ({@link org.atarisaliency.env.AtariEnv}), game ids and their
 * settings ({@link org.atarisaliency.env.GameIds}), ROM discovery ({@link org.atarisaliency.env.RomLocator})
 * and the agents' faithful frame preprocessing ({@link org.atarisaliency.env.Preprocessing}).
 */
package org.atarisaliency.env;
