package org.attune.provision.nfs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.attune.api.provision.Provisioner;
import org.junit.jupiter.api.Test;

class NfsProvisionerComponentTest {

    /**
     * The service must behave as the provisioner: a method it does not forward falls back to the interface's default
     * (rollback would then keep a directory the failed creation made).
     */
    @Test
    void theComponentForwardsEveryProvisionerMethod() throws Exception {
        for (Method m : Provisioner.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(NfsProvisionerComponent.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass())
                    .as(m.getName() + Arrays.toString(m.getParameterTypes())).isEqualTo(NfsProvisionerComponent.class);
        }
    }
}
