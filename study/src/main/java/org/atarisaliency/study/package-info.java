/**
 * User studies: a study YAML (pages, conditions, blocks, counterbalancing, questions, videos) is
 * validated with file, line and key and built into a self-contained study folder
 * ({@link org.atarisaliency.study.StudyDefinition}, study.json, the videos and their checksums).
 */
package org.atarisaliency.study;
