/**
 * Pacemaker from the agents' side: transient node attributes ({@link
 * io.clonevip.pacemaker.NodeAttributes}) written and read through attrd_updater (or
 * crm_attribute), the values that location rules such as {@code -inf: writable_monit eq 0}
 * and {@code -1: p_cluster_vip_clone_count gt 1} evaluate.
 */
package io.clonevip.pacemaker;
