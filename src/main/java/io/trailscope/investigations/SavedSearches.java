package io.trailscope.investigations;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

/**
 * Saved searches, always looked up through their owner so nobody sees or deletes
 * another's.
 */
interface SavedSearches extends Repository<SavedSearch, Long> {

	List<SavedSearch> findByOwnerOrderByNameAsc(String owner);

	Optional<SavedSearch> findByOwnerAndName(String owner, String name);

	Optional<SavedSearch> findByIdAndOwner(Long id, String owner);

	SavedSearch save(SavedSearch search);

	void delete(SavedSearch search);

}
