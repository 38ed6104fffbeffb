package dev.pharos.agent.collect;

import java.nio.file.Path;

/**
 * What the kubelet's file layout says about a container log:
 * {@code <podsDir>/<namespace>_<pod>_<uid>/<container>/<restart count>.log}. Namespace and pod
 * names cannot contain '_' (they are DNS labels and subdomains), so the directory name splits
 * unambiguously. A file elsewhere under the directory gets no Kubernetes attributes, only its path.
 *
 * @param restartCount the container's restart count (the file name), or -1 when the name is not a number
 */
public record PodLogPath(String namespace, String podName, String podUid, String containerName, int restartCount) {

    /** The Kubernetes attributes of {@code file} under {@code podsDir}, or null when it is not in the kubelet's layout. */
    public static PodLogPath parse(Path podsDir, Path file) {
        Path relative;
        try {
            relative = podsDir.relativize(file);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (relative.getNameCount() != 3 || relative.startsWith("..")) {
            return null;
        }
        String podDir = relative.getName(0).toString();
        String container = relative.getName(1).toString();
        String fileName = relative.getName(2).toString();
        int first = podDir.indexOf('_');
        int second = first < 0 ? -1 : podDir.indexOf('_', first + 1);
        if (first <= 0 || second <= first + 1 || second == podDir.length() - 1 || podDir.indexOf('_', second + 1) >= 0
                || container.isEmpty()) {
            return null;
        }
        return new PodLogPath(podDir.substring(0, first), podDir.substring(first + 1, second), podDir.substring(second + 1), container,
                restartCount(fileName));
    }

    private static int restartCount(String fileName) {
        int dot = fileName.indexOf('.');
        String stem = dot < 0 ? fileName : fileName.substring(0, dot);
        if (stem.isEmpty() || stem.length() > 9) {
            return -1;
        }
        for (int i = 0; i < stem.length(); i++) {
            if (!Character.isDigit(stem.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(stem);
    }
}
