/**
 * Training: the A2C update ({@link org.atarisaliency.agents.train.Learner}, its
 * {@link org.atarisaliency.agents.train.Batch} and {@link org.atarisaliency.agents.train.A2cConfig}),
 * implemented on the CPU in plain Java by {@link org.atarisaliency.agents.train.A2cLearner} (timed by
 * {@link org.atarisaliency.agents.train.LearnerBench}), which also takes supervised updates towards an
 * expert's actions ({@link org.atarisaliency.agents.train.A2cLearner#imitate}, reporting
 * {@link org.atarisaliency.agents.train.ImitationStats}), and PyTorch's default initialisation
 * ({@link org.atarisaliency.agents.train.Init}); and CleanRL's PPO update
 * ({@link org.atarisaliency.agents.train.PpoLearner} over a {@link org.atarisaliency.agents.train.PpoRollout},
 * {@link org.atarisaliency.agents.train.PpoConfig}, networks {@link org.atarisaliency.agents.train.PpoArch}).
 */
package org.atarisaliency.agents.train;
