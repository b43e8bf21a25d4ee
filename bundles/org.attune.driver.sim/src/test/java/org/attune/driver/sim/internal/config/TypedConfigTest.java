package org.attune.driver.sim.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TypedConfigTest {

    @interface Sample {
        String name() default "n";

        int count() default 3;

        double rate() default 0.5;

        boolean on() default true;

        String[] tags() default {};

        String dotted_key() default "";

        String dash$_$key() default "";
    }

    @Test
    void missingKeysTakeTheAnnotationsDefaults() {
        Sample s = TypedConfig.of(Sample.class, Map.of());
        assertThat(s.name()).isEqualTo("n");
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.rate()).isEqualTo(0.5);
        assertThat(s.on()).isTrue();
        assertThat(s.tags()).isEmpty();
    }

    @Test
    void stringsAreConvertedToTheAttributesType() {
        Sample s = TypedConfig.of(Sample.class, Map.of("name", "x", "count", " 7 ", "rate", "2.5", "on", "false",
                "tags", List.of("a", "b"), "dotted.key", "d", "dash-key", "k"));
        assertThat(s.count()).isEqualTo(7);
        assertThat(s.rate()).isEqualTo(2.5);
        assertThat(s.on()).isFalse();
        assertThat(s.tags()).containsExactly("a", "b");
        assertThat(s.dotted_key()).isEqualTo("d");
        assertThat(s.dash$_$key()).isEqualTo("k");
    }

    @Test
    void aBadValueFailsOnlyWhenItsAttributeIsRead() {
        Sample s = TypedConfig.of(Sample.class, Map.of("count", "many", "name", "fine"));
        assertThat(s.name()).isEqualTo("fine");
        assertThatThrownBy(s::count).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'many' is not an integer");
    }
}
