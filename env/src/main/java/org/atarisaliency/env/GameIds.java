package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps game ids to {@link GameSpec}s.
 *
 * <p>Accepted forms: an ALE ROM name ({@code pong}, {@code space_invaders}, any ROM file stem), and
 * gym-style ids with the settings gym gave them:
 * <ul>
 *   <li>{@code Pong-v0}: frame skip random in {2,3,4}, sticky actions 0.25;</li>
 *   <li>{@code Pong-v4}: frame skip random in {2,3,4}, no sticky actions;</li>
 *   <li>{@code PongNoFrameskip-v0/-v4}: frame skip 1, sticky 0.25 / 0;</li>
 *   <li>{@code PongDeterministic-v0/-v4}: frame skip 4 (3 for SpaceInvaders), sticky 0.25 / 0;</li>
 *   <li>{@code ALE/Pong-v5}: frame skip 4, sticky 0.25.</li>
 * </ul>
 * A bare ALE name gets the {@code -v4} settings, on which the classic A3C agents were trained.
 *
 * <p>Stable-Baselines3 / RL Zoo / CleanRL agents are mostly trained on {@code {Game}NoFrameskip-v4}
 * wrapped in SB3's {@code AtariWrapper}: resolve the id (frame skip 1, no sticky actions), then
 * {@link GameSpec#withFrameSkip(int) withFrameSkip(4)} and
 * {@link AtariEnv#setMaxPoolLastTwo(boolean) setMaxPoolLastTwo(true)}, and {@link Sb3Preprocessing}.
 * {@code ALE/{Game}-v5} already means ALE's own skip of 4 (the last screen, no max-pooling) with
 * sticky actions 0.25, as ale_py's v5 environments play it.
 */
public final class GameIds {

    private static final Pattern GYM = Pattern.compile("(?:ALE/)?([A-Z][A-Za-z0-9]*?)(NoFrameskip|Deterministic)?(-ram)?-v([045])");

    private GameIds() {
    }

    /**
     * Resolves an id. {@code knownRoms} is the list of ROM names available (may be empty when
     * unknown); an id that names no known ROM throws an {@link IllegalArgumentException} listing
     * the closest matches.
     */
    public static GameSpec resolve(String id, Collection<String> knownRoms) {
        if (id == null || id.isBlank()) {
            throw new InvalidSettingException("game", "is missing; name one, e.g. pong or Pong-v4");
        }
        String trimmed = id.trim();
        Matcher m = GYM.matcher(trimmed);
        GameSpec spec;
        if (m.matches()) {
            String rom = romNameOf(m.group(1));
            String variant = m.group(2) == null ? "" : m.group(2);
            int version = Integer.parseInt(m.group(4));
            boolean v5 = version == 5;
            if (v5 && !trimmed.startsWith("ALE/")) {
                throw new IllegalArgumentException("unknown game id '" + id + "': v5 ids are written ALE/" + m.group(1) + "-v5");
            }
            float sticky = (version == 0 || v5) ? 0.25f : 0f;
            if (v5) {
                spec = new GameSpec(trimmed, rom, 4, 4, sticky);
            } else if (variant.equals("NoFrameskip")) {
                spec = new GameSpec(trimmed, rom, 1, 1, sticky);
            } else if (variant.equals("Deterministic")) {
                int k = rom.equals("space_invaders") ? 3 : 4;
                spec = new GameSpec(trimmed, rom, k, k, sticky);
            } else {
                spec = new GameSpec(trimmed, rom, 2, 4, sticky);
            }
        } else {
            String rom = trimmed.toLowerCase(Locale.ROOT).replace('-', '_');
            spec = new GameSpec(trimmed, rom, 2, 4, 0f);
        }
        if (!knownRoms.isEmpty() && !knownRoms.contains(spec.rom())) {
            throw new IllegalArgumentException("unknown game '" + id + "' (no ROM named '" + spec.rom() + "'); closest: "
                    + String.join(", ", closest(spec.rom(), knownRoms, 5)));
        }
        return spec;
    }

    /** CamelCase gym name to ALE snake_case ROM name: {@code SpaceInvaders -> space_invaders}. */
    public static String romNameOf(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** ALE snake_case ROM name to the CamelCase gym name: {@code space_invaders -> SpaceInvaders}. */
    public static String gymNameOf(String rom) {
        StringBuilder sb = new StringBuilder();
        for (String part : rom.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** The names closest to {@code name} by edit distance (ties broken alphabetically). */
    public static List<String> closest(String name, Collection<String> candidates, int max) {
        List<String> sorted = new ArrayList<>(candidates);
        String key = name.toLowerCase(Locale.ROOT);
        sorted.sort(Comparator.<String>comparingInt(c -> distance(key, c)).thenComparing(c -> c));
        return sorted.subList(0, Math.min(max, sorted.size()));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
