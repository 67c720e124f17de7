package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.study.StudyDefinition.Page;
import org.junit.jupiter.api.Test;

/** Slider answers: plain decimals of bounded size, inside the slider's range and on its steps, stored in a short canonical form. */
class AnswerValidatorTest {
    private static final Page RATE = StudyFixture.definition().arms().get(0).pages().get(3);

    private static AnswerValidator.Result withConfidence(String confidence) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        String[] answers = Browser.rateAnswers("why not");
        for (int i = 0; i < answers.length; i += 2) {
            form.put(answers[i], List.of(answers[i].equals("confidence") ? confidence : answers[i + 1]));
        }
        return AnswerValidator.check(RATE, form);
    }

    private static String stored(String confidence) {
        return withConfidence(confidence).answers().stream().filter(a -> a.questionId().equals("confidence")).findFirst().orElseThrow().value();
    }

    @Test
    void hugeExponentsAndOtherNumberSyntaxAreRefusedAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String bad : List.of("1e-99999999", "1E+99999999", "0e-99999999", "5e1", "0x10", "1_0", "+5", ".5", "5.", "Infinity", "NaN",
                    "1".repeat(16), "0." + "0".repeat(16), "٥")) {
                assertFalse(withConfidence(bad).valid(), bad);
            }
        });
    }

    @Test
    void validSliderAnswersAreStoredCanonically() {
        assertEquals("75", stored("75"));
        assertEquals("75", stored("075.000"));
        assertEquals("0", stored("-0"));
        assertEquals("100", stored(" 100 "));
        assertFalse(withConfidence("-5").valid(), "below the minimum");
        assertFalse(withConfidence("100.5").valid(), "above the maximum");
        assertFalse(withConfidence("72.5").valid(), "between steps");
    }
}
