/** The HTTP request-rate probe: implementation, not exported. */
package org.attune.probe.http.internal;
