package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.PlanPublished;
import java.util.Optional;

/** Where a plan that {@link PlanCache} let go of is found again: the plans topic. */
public interface PlanSource {

    /**
     * The plan last published under this id, as published (unchecked); empty when there is none or it
     * was deleted. Blocks while it reads.
     */
    Optional<PlanPublished> read(String planId);
}
