package io.sopflow.closure;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ProjectClosureRepository extends JpaRepository<ProjectClosure, Long>, JpaSpecificationExecutor<ProjectClosure> {

  @Query("select count(c) > 0 from ProjectClosure c where c.projectCode = :projectCode")
  boolean existsByProjectCode(String projectCode);
}
