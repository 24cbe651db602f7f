package io.sopflow.closure;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectClosureRepository extends JpaRepository<ProjectClosure, Long> {

  Optional<ProjectClosure> findByKey(String key);

  boolean existsByProjectCode(String projectCode);

  List<ProjectClosure> findAllByOrderByIdDesc();

  List<ProjectClosure> findByProjectManagerOrSponsorOrderByIdDesc(String projectManager, String sponsor);
}
