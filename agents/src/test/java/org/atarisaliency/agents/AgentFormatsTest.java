package org.atarisaliency.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent-format registry: one class per format, each outside agents' root package, found through ServiceLoader. */
class AgentFormatsTest {

    @Test
    void everyFormatIsOneClassInItsOwnPackageInDetectionOrder() {
        List<String> names = AgentFormats.all().stream().map(f -> f.getClass().getName()).toList();
        assertEquals(List.of("org.atarisaliency.agents.nets.A3cFormat", "org.atarisaliency.agents.rl4j.Rl4jFormat",
                "org.atarisaliency.agents.sb3.Sb3Format", "org.atarisaliency.agents.sb3.CleanRlFormat"), names);
        for (AgentFormat f : AgentFormats.all()) {
            assertNotEquals(Agents.class.getPackage(), f.getClass().getPackage(), f.getClass().getName());
        }
        assertEquals(1, AgentFormats.all().stream().filter(AgentFormat::fallback).count());
        assertEquals(List.of("a3c", "rl4j", "sb3", "cleanrl-dqn", "cleanrl-c51", "cleanrl-ppo", "cleanrl-ppo-lstm"), AgentFormats.hints());
    }

    @Test
    void hintsComeFromTheRegistry() {
        Path agent = TestAssets.agent("pong-v4", 80);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Agents.loadPolicy(agent, 6, "dreamer"));
        assertEquals("unknown agent arch 'dreamer'; expected auto, a3c, rl4j, sb3, cleanrl-dqn, cleanrl-c51, cleanrl-ppo or cleanrl-ppo-lstm", e.getMessage());
        IncompatibleAgentException wrong = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(agent, 6, "cleanrl-dqn"));
        assertEquals(agent.getFileName() + ": the arch hint says cleanrl-dqn but the file is a PyTorch checkpoint that is not a CleanRL agent",
                wrong.getMessage());
    }

    @Test
    void anA3cCheckpointIsDetectedByTheFallback() throws Exception {
        AgentFormat f = AgentFormats.detect(new AgentFile(TestAssets.agent("pong-v4", 80)));
        assertEquals(List.of("a3c"), f.hints());
        try (Policy p = Agents.loadPolicy(TestAssets.agent("pong-v4", 80), 6, "a3c")) {
            assertEquals(6, p.actionCount());
        }
    }
}
