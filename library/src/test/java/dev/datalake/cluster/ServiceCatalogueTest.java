package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.PublishedPort;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.ServiceModules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registered modules and the catalogue agree, and what is derived from them follows them. */
class ServiceCatalogueTest {

    @Test
    void everyModulePublishesOnlyPortsItsCatalogueEntryNames() {
        for (ServiceModule module : ServiceModules.fresh()) {
            for (PublishedPort port : module.allPorts()) {
                assertThat(port.service().containerPorts()).as("%s port %s", port.service(), port.containerPort())
                        .contains(port.containerPort());
            }
        }
    }

    @Test
    void eachServiceIsRegisteredOnceAndTheUsualPortsComeFromTheModules() {
        List<Service> registered = ServiceModules.fresh().stream().map(ServiceModule::service).toList();
        assertThat(registered).doesNotHaveDuplicates();
        assertThat(HostPort.USUAL).extracting(HostPort::service).allMatch(s -> registered.contains(s)
                || s == Service.SPARK_WORKER);
        assertThat(HostPort.USUAL).extracting(HostPort::hostPort).doesNotHaveDuplicates().contains(9000, 7077, 8888);
    }

    @Test
    void optionalServicesAreSwitchedByService() {
        ClusterPlan off = DataLakeCluster.builder().images(ImageSet.offline()).service(Service.AIRFLOW, false).plan();
        assertThat(off.runs(Service.AIRFLOW)).isFalse();
        assertThat(off.runs(Service.SPARK_MASTER)).isTrue();
        assertThatThrownBy(() -> DataLakeCluster.builder().service(Service.OBJECT_STORE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only these services");
        assertThatThrownBy(() -> DataLakeCluster.builder().images(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ImageSet.auto()");
    }

    @Test
    void aBuilderStartsManyClustersEachWithItsOwnSecrets() {
        DataLakeCluster.Builder builder = DataLakeCluster.builder().images(ImageSet.offline());
        assertThat(builder.plan().secrets()).doesNotContainAnyElementsOf(builder.plan().secrets());
        assertThat(builder.build()).isNotSameAs(builder.build());
    }

    @Test
    void theImageSetIsAutoUnlessTold() {
        assertThat(ImageSet.auto().isAuto()).isTrue();
        assertThat(ImageSet.parse("AUTO", "test").isAuto()).isTrue();
        assertThat(ImageSet.auto().decided(false)).isEqualTo(ImageSet.offline());
        assertThat(ImageSet.auto().decided(true).kind()).isEqualTo(ImageSet.Kind.UPSTREAM);
    }
}
