package dev.pharos.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PodLogPathTest {

    private static final Path PODS = Path.of("/var/log/pods");

    @Test
    void theKubeletLayoutGivesNamespacePodUidContainerAndRestartCount() {
        PodLogPath p = PodLogPath.parse(PODS, PODS.resolve("shop_checkout-7d9f4c-x2x9z_0f0e8a1c-64c2-4c47-9d0c-7a2b4d1e9f11/app/3.log"));
        assertThat(p).isEqualTo(new PodLogPath("shop", "checkout-7d9f4c-x2x9z", "0f0e8a1c-64c2-4c47-9d0c-7a2b4d1e9f11", "app", 3));
        // Static pods carry a hash as uid; rotated names still give the restart count.
        assertThat(PodLogPath.parse(PODS, PODS.resolve("kube-system_etcd-node1_a1b2c3d4e5f6/etcd/0.log.20240501-100203")))
                .isEqualTo(new PodLogPath("kube-system", "etcd-node1", "a1b2c3d4e5f6", "etcd", 0));
    }

    @Test
    void pathsOutsideTheLayoutGetNoKubernetesAttributes() {
        assertThat(PodLogPath.parse(PODS, PODS.resolve("not-a-pod-dir/app/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, PODS.resolve("ns_pod/app/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, PODS.resolve("ns_pod_uid_extra/app/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, PODS.resolve("_pod_uid/app/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, PODS.resolve("ns_pod_uid/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, Path.of("/elsewhere/ns_pod_uid/app/0.log"))).isNull();
        assertThat(PodLogPath.parse(PODS, PODS.resolve("ns_pod_uid/app/current.log")).restartCount()).isEqualTo(-1);
    }
}
