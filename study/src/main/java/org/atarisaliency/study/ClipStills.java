package org.atarisaliency.study;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.pipelines.Game;

/**
 * The stills of a study: from the PNG of every frame that the record pipeline writes beside a clip, the middle
 * frame's game area (the colour-bar strip under it left out) as the clip's still, and for {@code picture: screen}
 * that frame with the hint strip and the agent's object outlined ({@link ScreenPicture}). PNGs carry no text
 * metadata (ImageIO writes none).
 */
final class ClipStills {
    /** The folder of the stills inside the study folder. */
    static final String FOLDER = "stills";
    /** The file of the picture of the screen inside the study folder. */
    static final String SCREEN = FOLDER + "/screen.png";

    /** A clip's middle frame: its step (the rollout's t) and its game area. */
    record Still(int step, BufferedImage image) {
    }

    private ClipStills() {
    }

    /** The middle one of the frame_STEP.png files in {@code frames}, cropped to the game (160x210 screen pixels at {@code scale}). */
    static Still middle(Path frames, int scale) throws IOException {
        List<Path> pngs;
        try (Stream<Path> s = Files.list(frames)) {
            pngs = s.filter(p -> p.getFileName().toString().matches("frame_\\d+\\.png")).sorted().toList();
        }
        if (pngs.isEmpty()) {
            throw new IOException("the record pipeline wrote no frames into " + frames);
        }
        Path mid = pngs.get(pngs.size() / 2);
        int step = Integer.parseInt(mid.getFileName().toString().replaceAll("\\D", ""));
        BufferedImage frame = ImageIO.read(mid.toFile());
        int w = Math.min(frame.getWidth(), AtariEnv.WIDTH * scale), h = Math.min(frame.getHeight(), AtariEnv.HEIGHT * scale);
        return new Still(step, frame.getSubimage(0, 0, w, h));
    }

    /** Writes {@code image} as a PNG at {@code file} (inside the build's temporary folder, renamed into place with it). */
    static void write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    /**
     * The picture of the screen: {@code still} with the hint strip (when the game carries one) and the agent's
     * object outlined, the object's box read from the RAM of the state the frame shows (the agent's play replayed
     * exactly as record played it, up to the still's step).
     */
    static BufferedImage screen(StudyConfig.Agent agent, Game game, long seed, StudyConfig.VideoSettings v, Still still) throws Exception {
        String rom = game.spec().rom();
        try (AtariEnv env = game.open(seed);
             Policy policy = Agents.loadPolicy(agent.file(), env.actionCount());
             HintSource hints = game.hintSource(seed, 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, ActionSelection.parse(v.policy()), seed).withHints(hints)) {
            while (!rollout.over() && rollout.t() < still.step()) {
                rollout.step();
            }
            GameObjects.Box box = GameObjects.supported(rom) ? ScreenPicture.agentBox(GameObjects.objects(rom, env.ram())) : null;
            String label = GameObjects.supported(rom) ? "the program's " + GameObjects.agentObject(rom) : null;
            return ScreenPicture.draw(still.image(), v.scale(), game.hinted() ? env.actionCount() : 0, box, label);
        }
    }
}
