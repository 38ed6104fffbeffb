package dev.pharos.agent.collect;

/**
 * Where to resume one file after a restart: only what gateways acknowledged is behind these
 * offsets (see {@link DeliveryProgress} for the two of them).
 *
 * @param path the path the file was followed under (a rotated file is looked for next to it by identity)
 */
public record Checkpoint(FileIdentity identity, Fingerprint fingerprint, long resumeOffset, long deliveredOffset, String path) {}
