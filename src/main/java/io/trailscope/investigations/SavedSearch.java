package io.trailscope.investigations;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A search someone saved under a name: the query string of an {@code /events} URL. */
@Entity
@Table(name = "saved_searches")
class SavedSearch {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String owner;

	@Column(nullable = false)
	private String name;

	@Column(name = "query_string", nullable = false)
	private String query;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected SavedSearch() {
	}

	SavedSearch(String owner, String name, SearchQuery query, Instant createdAt) {
		this.owner = owner;
		this.name = name;
		this.query = query.value();
		this.createdAt = createdAt;
	}

	public Long getId() {
		return this.id;
	}

	public String getOwner() {
		return this.owner;
	}

	public String getName() {
		return this.name;
	}

	public String getQuery() {
		return this.query;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/** Saving again under the same name replaces the query. */
	void replaceQuery(SearchQuery query) {
		this.query = query.value();
	}

	public String getHref() {
		return SearchQuery.EVENTS + "?" + this.query;
	}

}
