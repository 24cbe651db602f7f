package io.sopflow.closure;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ProjectClosureRepository extends JpaRepository<ProjectClosure, Long>, JpaSpecificationExecutor<ProjectClosure> {

  Optional<ProjectClosure> findByKey(String key);

  boolean existsByProjectCode(String projectCode);
}
