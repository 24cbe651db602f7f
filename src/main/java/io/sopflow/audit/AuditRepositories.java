package io.sopflow.audit;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

  @Query("select e from AuditEntry e where e.subjectKey = ?1 order by e.id asc")
  List<AuditEntry> findBySubjectKeyOrderByIdAsc(String subjectKey);

  @Query(value = "select e from AuditEntry e where e.subjectKey = ?1 order by e.id asc",
      countQuery = "select count(e) from AuditEntry e where e.subjectKey = ?1")
  Page<AuditEntry> pageBySubjectKey(String subjectKey, Pageable page);

  /** Committed entries still waiting for their place in the chain, in the order they were written. */
  @Query("select e from AuditEntry e where e.seq is null order by e.id asc")
  List<AuditEntry> findUnsealed(Pageable page);

  @Query("select count(e) from AuditEntry e where e.seq is null")
  long countBySeqIsNull();

  /** Stops at the first unsealed entry (a count would read the whole backlog). */
  @Query("select case when exists (select 1 from AuditEntry e where e.seq is null) then true else false end")
  boolean existsBySeqIsNull();

  @Query("select e from AuditEntry e where e.seq > ?1 order by e.seq asc")
  List<AuditEntry> findAfter(long seq, Pageable page);
}

interface AuditChainHeadRepository extends JpaRepository<AuditChainHead, Integer> {

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select h from AuditChainHead h where h.id = ?1")
  Optional<AuditChainHead> lockHead(Integer id);
}
