package org.attune.driver.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.attune.api.driver.MigrationOptions;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain.MigrateFlags;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUintParameter;
import org.libvirt.TypedUlongParameter;

class MigrationFlagsTest {

    @Test
    void liveMigrationOfAPersistentGuestMovesItsDefinition() {
        long f = LibvirtMigration.flags(MigrationOptions.live(), true);
        assertThat(f).isEqualTo(MigrateFlags.LIVE | MigrateFlags.PERSIST_DEST | MigrateFlags.UNDEFINE_SOURCE);
    }

    @Test
    void regularMigrationIsNotLiveAndATransientGuestStaysTransient() {
        assertThat(LibvirtMigration.flags(MigrationOptions.regular(), false)).isZero();
        assertThat(LibvirtMigration.flags(MigrationOptions.regular(), true))
                .isEqualTo(MigrateFlags.PERSIST_DEST | MigrateFlags.UNDEFINE_SOURCE);
    }

    @Test
    void optionsAddTheirFlags() {
        MigrationOptions all = MigrationOptions.live().withAutoConverge(true).withPostCopy(true).withCompression(true)
                .withBandwidth(50).withMaxDowntime(Duration.ofMillis(100));
        long f = LibvirtMigration.flags(all, false);
        assertThat(f & MigrateFlags.LIVE).isNotZero();
        assertThat(f & MigrateFlags.AUTO_CONVERGE).isNotZero();
        assertThat(f & MigrateFlags.POSTCOPY).isNotZero();
        assertThat(f & MigrateFlags.COMPRESSED).isNotZero();
        assertThat(f & (MigrateFlags.PEER2PEER | MigrateFlags.TUNNELED | MigrateFlags.UNSAFE)).isZero();
    }

    @Test
    void liveOnlyOptionsAreLeftOutOfARegularMigration() {
        long f = LibvirtMigration.flags(MigrationOptions.regular().withAutoConverge(true).withPostCopy(true), false);
        assertThat(f).isZero();
    }

    @Test
    void jobStatisticValuesAreReadByName() {
        TypedParameter[] params = {new TypedUlongParameter("data_processed", 76_000_000L),
            new TypedUlongParameter("downtime", 17), new TypedUintParameter("weird", -1),
            new TypedStringParameter("name", "x")};
        assertThat(LibvirtMigration.value(params, "data_processed")).isEqualTo(76_000_000L);
        assertThat(LibvirtMigration.value(params, "downtime")).isEqualTo(17);
        assertThat(LibvirtMigration.value(params, "weird")).isEqualTo(4_294_967_295L);
        assertThat(LibvirtMigration.value(params, "name")).isEqualTo(-1);
        assertThat(LibvirtMigration.value(params, "missing")).isEqualTo(-1);
    }
}
