package io.sopflow.closure;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ProjectClosureRepository extends JpaRepository<ProjectClosure, Long>, JpaSpecificationExecutor<ProjectClosure> {

  boolean existsByProjectCode(String projectCode);
}
