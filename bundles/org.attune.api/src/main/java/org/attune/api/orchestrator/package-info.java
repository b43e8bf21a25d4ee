/**
 * The orchestrator's service interface, used by the shell and by tests.
 */
@Export
@Version("1.2.0")
package org.attune.api.orchestrator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
