/**
 * The plan validator: replays a plan's actions in order on a {@link org.attune.model.ClusterModel} and says, for
 * each, whether it may start now, must wait for earlier ones (a host booting, memory still held by a guest
 * leaving, a migration limit), or is refused, with a code and a reason. The orchestrator and the benchmark run
 * every plan through it.
 */
@Export
@Version("1.0.0")
package org.attune.model.validation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
