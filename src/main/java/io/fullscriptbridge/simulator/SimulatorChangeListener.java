package io.fullscriptbridge.simulator;

/**
 * Receives every change of the simulator's clinic data, after the change is committed and outside the state lock.
 * Declare an implementation as a bean and {@link SimulatorState} picks it up.
 */
@FunctionalInterface
public interface SimulatorChangeListener {

    void onChange(SimulatorChange change);
}
