/** Playing agents in environments: batched multi-episode evaluation. */
package org.atarisaliency.agents.play;
