package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SpaceInvaders' variants ({@link SpaceInvadersVariants}) on real frames: each takes on every agent step of whole
 * episodes of random play on SpaceInvaders-v4 (at least 2,000 steps), the same check finds the published game breaking
 * it, and the game still scores and loses lives under it ({@link VariantRuns}).
 */
class SpaceInvadersVariantsTest {
    private static final String GAME = "SpaceInvaders-v4";
    private static final VariantRuns.Policy RANDOM = (ram, r, n) -> r.nextInt(n);
    /** The bullets' grey (142,142,142), the enemies' and the player's alike. */
    private static final int BULLET_GREY = 0x8e8e8e;

    /** Whether column {@code x} is the player's bullet's (screen x = RAM[87] - 2, 1 pixel either side) before or after the step. */
    private static boolean playerBulletColumn(VariantRuns.Seen s, int x) {
        return Math.abs(x - ((s.before()[87] & 0xff) - 2)) <= 1 || Math.abs(x - ((s.after()[87] & 0xff) - 2)) <= 1;
    }

    /** Whether a bullet-grey pixel above the cannon (rows 0..185) lies outside the player's bullet's column. */
    private static boolean enemyBulletDrawn(VariantRuns.Seen s) {
        for (int x = 0; x < 160; x++) {
            if (!playerBulletColumn(s, x) && GameObjectsTest.find(s.frame(), BULLET_GREY, 0, 186, x, x + 1) != null) {
                return true;
            }
        }
        return false;
    }

    @Test
    void noEnemyFireDrawsNoEnemyBulletAndCostsNoLifeBeforeTheInvadersLand() {
        VariantRuns.assertTakes(GAME, "no_enemy_fire", RANDOM, s -> enemyBulletDrawn(s) || s.lifeLost() && s.livesAfter() > 0);
    }

    @Test
    void noShieldsDrawsNoShield() {
        VariantRuns.assertTakes(GAME, "no_shields", RANDOM,
                s -> GameObjectsTest.find(s.frame(), GameObjectsTest.SI_SHIELD, 150, 185, 0, 160) != null);
    }

    @Test
    void spaceInvadersListsItsVariants() {
        assertEquals(List.of("no_enemy_fire", "no_shields"),
                GameModels.require("space_invaders").variants().stream().map(GameVariant::name).toList());
    }

    @Test
    void variantsSurviveCloneAndRestore() {
        for (String variant : List.of("no_enemy_fire", "no_shields")) {
            VariantRuns.assertReplaysIdentically(GAME, variant);
        }
    }
}
