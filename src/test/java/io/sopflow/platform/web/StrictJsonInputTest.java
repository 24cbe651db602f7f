package io.sopflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.http.MockHttpInputMessage;

/** The hardened reading of request bodies, field by field, without the application around it. */
class StrictJsonInputTest {

  enum Impact { HIGH, LOW }

  record Item(String name, String criteria) {}

  record Body(String title, Impact impact, OffsetDateTime due, BigDecimal budget, List<String> tags, List<Item> items) {}

  private final ObjectMapper mapper = mapper();

  private static ObjectMapper mapper() {
    StrictJsonInput config = new StrictJsonInput();
    Jackson2ObjectMapperBuilder builder = new Jackson2ObjectMapperBuilder()
        .modules(new JavaTimeModule(), config.sopflowStrictTextModule())
        .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    config.sopflowStrictJsonInput().customize(builder);
    return builder.build();
  }

  /** What ProblemHandler answers for this body: "field: message", or "accepted". */
  private String answer(String json) {
    try {
      mapper.readValue(json.replace('\'', '"'), Body.class);
      return "accepted";
    } catch (Exception e) {
      var unreadable = new HttpMessageNotReadableException("x", e, new MockHttpInputMessage(new byte[0]));
      ProblemHandler.FieldProblem problem = ProblemHandler.unreadable(unreadable);
      return problem.field() + ": " + problem.message();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'title':'a','title':'b'}                      | title: is given more than once",
      "{'title':'a','impact':'LOW','impact':{'x':1}}  | impact: is given more than once",
      "{'items':[{'name':'a','name':{}}]}             | items[0].name: is given more than once",
      "{'title':'a\\u0000'}                           | title: contains a control character (U+0000)",
      "{'title':'bell\\u0007'}                        | title: contains a control character (U+0007)",
      "{'title':'del\\u007f'}                         | title: contains a control character (U+007F)",
      "{'title':'c1\\u0085'}                          | title: contains a control character (U+0085)",
      "{'impact':'HIGH\\u0000'}                       | impact: contains a control character (U+0000)",
      "{'impact':'HIGH\\t'}                           | impact: contains a control character (U+0009)",
      "{'due':'2026-12-01T10:00:00Z\\u0000'}          | due: contains a control character (U+0000)",
      "{'due':'\\u0000'}                              | due: contains a control character (U+0000)",
      "{'budget':'100\\u0000'}                        | budget: contains a control character (U+0000)",
      "{'tags':['ok','x\\u0000']}                     | tags[1]: contains a control character (U+0000)",
      "{'items':[{'name':'a\\u0000'}]}                | items[0].name: contains a control character (U+0000)",
      "{'title':'\\ud800'}                            | title: contains an unpaired surrogate (U+D800)",
      "{'title':'x\\udc00y'}                          | title: contains an unpaired surrogate (U+DC00)",
      "{'due':''}                                     | due: must not be an empty string (leave the field out instead)",
      "{'impact':''}                                  | impact: must not be an empty string (leave the field out instead)",
      "{'budget':''}                                  | budget: must not be an empty string (leave the field out instead)",
      "{'items':[{'name':'a','foo':1}]}               | items[0].foo: is not a known field",
      "{'foo':1}                                      | foo: is not a known field",
      "{'title':                                      | body: is not valid JSON for this request",
  })
  void refusesWhatCanNeverBeValidNamingTheField(String json, String expected) {
    assertThat(answer(json)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'title':'line\\none\\r\\n\\ttabbed'}",
      "{'title':'emoji \\ud83d\\ude00 and ß'}",
      "{'title':'','impact':'LOW','due':'2026-12-01T10:00:00+01:00','budget':'12.5','tags':['a'],'items':[{'name':'n'}]}",
      "{'title':null,'due':null}",
  })
  void acceptsFreeTextWithLineBreaksTabsAndPairedSurrogates(String json) {
    assertThat(answer(json)).isEqualTo("accepted");
  }

  @Test
  void theFreeTextThatIsAcceptedIsKeptAsSent() throws Exception {
    Body body = mapper.readValue("{\"title\":\"a\\tb\\r\\nc \\ud83d\\ude00\"}", Body.class);
    assertThat(body.title()).isEqualTo("a\tb\r\nc \uD83D\uDE00");
    assertThat(catchThrowable(() -> mapper.readValue("{\"impact\":\" LOW\"}", Body.class))).isNull();
  }
}
