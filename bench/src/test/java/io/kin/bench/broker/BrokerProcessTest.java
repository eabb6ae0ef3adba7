package io.kin.bench.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerProcessTest {

    @Test
    void cpuTicksAreUserPlusSystemTimeEvenWhenTheProcessNameHasSpacesAndParentheses() {
        String stat = "2940 (mosq (broker) 1) S 1 2940 2940 0 -1 4194560 1402 0 0 0 1234 567 0 0 20 0 1 0 2186 "
                + "14680064 1544 18446744073709551615 1 1 0 0 0 0 0 4096 16387 0 0 0 17 1 0 0 0 0 0";

        assertThat(BrokerProcess.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void rssIsTheVmRssLineInKilobytes() {
        String status = "Name:\tmosquitto\nVmPeak:\t   20000 kB\nVmRSS:\t    6176 kB\nRssAnon:\t    2684 kB\n";

        assertThat(BrokerProcess.rssKb(status)).isEqualTo(6176);
    }

    @Test
    void aLiveProcessCanBeRead() {
        BrokerProcess self = new BrokerProcess(ProcessHandle.current().pid());

        self.requireAlive();
        assertThat(self.rssKb()).isPositive();
        assertThat(self.cpuSeconds()).isPositive();
    }

    @Test
    void aPidWithNoProcessIsRejectedByName() {
        assertThatThrownBy(() -> new BrokerProcess(999_999_999L).requireAlive())
                .hasMessageContaining("999999999");
    }
}
