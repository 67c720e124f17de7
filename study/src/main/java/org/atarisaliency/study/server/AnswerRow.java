package org.atarisaliency.study.server;

/**
 * One validated answer, ready to store.
 *
 * @param questionId the question's id on its page
 * @param value      what the participant chose or typed (slider: the number)
 * @param means      what it means for the analysis (the option's means), or the value itself
 * @param correct    whether it matches the question's correct answer, or null when the question has none
 */
record AnswerRow(String questionId, String value, String means, Boolean correct) {
}
