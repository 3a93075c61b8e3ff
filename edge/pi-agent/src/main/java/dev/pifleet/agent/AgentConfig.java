package dev.pifleet.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the agent can be told, under {@code pifleet.agent.*}; defaults live in application.properties. */
@ConfigMapping(prefix = "pifleet.agent")
public interface AgentConfig {

    /** Base URL serving {@code /api/device/data} and {@code /api/device/heartbeat}. */
    URI cloudUrl();

    /** Base URL serving the device-registry's {@code /api/device/claim-code} and {@code /api/device/credentials}. */
    URI registryUrl();

    /** The web UI's base URL: the pairing link shown with a claim code is {@code <ui-url>/#/pair?code=...}. */
    URI uiUrl();

    Pairing pairing();

    /**
     * Host names the local API answers to besides IP literals, {@code localhost} and this machine's own names
     * (a request for any other name is refused: DNS rebinding).
     */
    Optional<List<String>> allowedHosts();

    /** The {@code cloud} environment sets this: a plain-HTTP cloud URL would send the device key in clear. */
    @WithDefault("false")
    boolean requireHttps();

    /** Holds device_identity.json, credentials.json and the reading buffer. */
    Path stateDir();

    Duration heartbeatInterval();

    Duration readingInterval();

    /** {@code simulated}, or any of {@code bme280}, {@code ads1115-soil}, {@code soc-temperature}. */
    List<String> sensors();

    Buffer buffer();

    Upload upload();

    I2c i2c();

    Bme280 bme280();

    Soil soil();

    @WithDefault("/sys/class/thermal/thermal_zone0/temp")
    Path socTemperaturePath();

    /**
     * The version this agent reports ({@code agentVersion}) and records as healthy: the package's Version: (the
     * launcher passes it from dpkg's database), else the build's version.
     */
    String version();

    Update update();

    /** Agent updates (docs/ota.md): the hand-off to the root updater, or the local run's simulated install. */
    interface Update {
        /**
         * {@code dpkg}: the agent writes a request for the root updater ({@code pifleet-agent updater run}, started by
         * systemd's pifleet-agent-updater.path). {@code simulated} (the local run, which has no dpkg): the agent runs
         * the updater's steps itself, download and size/SHA-256/signature checks for real, and "installs" by reporting
         * the new version.
         */
        @WithDefault("dpkg")
        String install();

        /** The updater's folder: update.json (its journal, which the agent reports) and packages/. */
        @WithDefault("/var/lib/pifleet-agent-updater")
        Path dir();

        /** The one folder of the updater's the agent may write: request.json, which starts the updater. */
        @WithDefault("/var/lib/pifleet-agent-updater/request")
        Path requestDir();

        /** Folders of trusted release public keys (*.pem): the package's, then ones the owner adds. */
        @WithDefault("/usr/share/pifleet-agent/release-keys,/etc/pifleet-agent/release-keys")
        List<Path> releaseKeysDirs();

        /** How long the new agent has to record a successful heartbeat before the updater rolls it back. */
        @WithDefault("120s")
        Duration healthTimeout();

        /** Plain-HTTP package URLs; only the local run allows them (the cloud profile sets false). */
        boolean allowHttp();

        /**
         * Simulated installs only: versions (a regular expression) whose "new agent" never records a healthy heartbeat,
         * so that the updater rolls them back, as a broken release would be (the local run's failing first wave).
         */
        Optional<String> simulatedUnhealthyVersions();

        /** The updater's dpkg works on this tree instead of / (dpkg --root; the throwaway-root tests). */
        Optional<Path> dpkgRoot();

        /** More options for the updater's dpkg calls (tests: --force-not-root,--force-depends,--log=/dev/null). */
        Optional<List<String>> dpkgOptions();

        /** How the updater restarts the agent after an install or a rollback. */
        @WithDefault("systemctl,restart,pifleet-agent.service")
        List<String> restartCommand();
    }

    interface Pairing {
        /** How often the registry is asked whether the claim code has been claimed. */
        Duration pollInterval();
    }

    interface Buffer {
        /** When full, the oldest readings are dropped (and counted in /status). */
        @WithDefault("100000")
        int maxReadings();
    }

    interface Upload {
        /** The ingest accepts at most 500 readings per request. */
        @WithDefault("100")
        int batchSize();

        /** How often an empty or unpaired uploader looks again (new readings wake it sooner). */
        @WithDefault("30s")
        Duration idleInterval();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();
    }

    interface I2c {
        /** /dev/i2c-1 is the bus on the Pi's GPIO header (pins 3 and 5). */
        @WithDefault("1")
        int bus();
    }

    interface Bme280 {
        /** 0x76 with SDO to ground, 0x77 with SDO to VDDIO. */
        @WithDefault("0x76")
        @WithConverter(I2cAddressConverter.class)
        int address();
    }

    interface Soil {
        /** 0x48 with ADDR to ground. */
        @WithDefault("0x48")
        @WithConverter(I2cAddressConverter.class)
        int address();

        /** ADS1115 input AIN0..AIN3 the probe's signal wire is on. */
        @WithDefault("0")
        int channel();

        /** Raw ADC value with the probe in dry air (a capacitive probe reads highest when dry). */
        @WithDefault("22000")
        int dryRaw();

        /** Raw ADC value with the probe in water. */
        @WithDefault("9500")
        int wetRaw();
    }
}
