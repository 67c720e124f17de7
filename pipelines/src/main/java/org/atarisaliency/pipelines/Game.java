package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;

/**
 * A game resolved to its ROM file: what every pipeline plays.
 *
 * @param spec  the game id with its frame skip and sticky actions
 * @param rom   the ROM file
 */
public record Game(GameSpec spec, Path rom) {

    /** Opens the game with an emulator seed. */
    public AtariEnv open(int seed) {
        return AtariEnv.open(spec, rom, seed, 0);
    }

    /** The game's minimal action count (opens the emulator once). */
    public int actionCount() {
        try (AtariEnv env = open(0)) {
            return env.actionCount();
        }
    }

    /** id, rom, rom_md5, frame_skip, repeat_action_probability. */
    public Map<String, Object> provenance() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("game", spec.id());
        m.put("rom", rom.toString());
        m.put("rom_md5", Checksums.md5(rom));
        m.put("frame_skip", spec.frameSkipText());
        m.put("repeat_action_probability", (double) spec.repeatActionProbability());
        return m;
    }
}
