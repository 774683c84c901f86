"""The directory's people list written in Python (partner_net.members.people_html) is
exactly what the template's loop wrote, for any names, texts, snippets and terms."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_net.members.directory import Hit, ListedMember
from partner_net.members.people_html import member_url_prefix, people_rows

#: The loop as it was in templates/members/directory.html.
LOOP = """<ul class="people">
    {% for hit in hits %}
      {% set m = hit.member %}
      <li class="card person">
        <span class="avatar" aria-hidden="true">{{ m.initials }}</span>
        <div class="person__body">
          <a class="person__name" href="{{ url_for('members.show', slug=slug, member_id=m.id) }}">{{ m.name|highlight(terms) }}</a>
          {% if m.category or m.business %}
            <p class="person__meta">{{ m.category|highlight(terms) }}{% if m.category and m.business %} · {% endif %}{{ m.business|highlight(terms) }}</p>
          {% endif %}
          {% if hit.snippet %}
            <p class="person__snippet"><span class="snippet-label">{{ hit.snippet_label }}:</span> {{ hit.snippet|highlight(terms) }}</p>
          {% endif %}
          {% if terms and hit.matched_in %}
            <p class="person__matched">Found in {{ hit.matched_in|join(', ')|lower }}</p>
          {% endif %}
        </div>
      </li>
    {% endfor %}
  </ul>"""  # noqa: E501 (the template's lines as they were)

NEW = """<ul class="people">
    {{ people_rows(hits, terms, member_url_prefix(slug)) }}
  </ul>"""

words = st.text(alphabet="abcé <>&\"'·Trade", max_size=14)
members = st.builds(ListedMember, id=st.integers(1, 10**6),
                    name=words.filter(lambda s: s.split()), business=words, category=words,
                    bio=st.just(""), talkable_difference=st.just(""),
                    referral_criteria=st.just(""))
hits = st.builds(Hit, member=members,
                 matched_in=st.lists(st.sampled_from(["Name", "Category", "Ideal clients",
                                                      "Profile <text>"]), max_size=3),
                 snippet_label=words, snippet=words)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(hits, max_size=4),
       terms=st.lists(st.sampled_from(["trade", "a", "é", "<b", "c&"]), max_size=3),
       slug=st.sampled_from(["chapter-1", "a b", "x&y"]))
def test_people_rows_write_what_the_loop_wrote(app, rows, terms, slug):
    with app.test_request_context("/"):
        env = app.jinja_env
        context = {"hits": rows, "terms": terms, "slug": slug, "people_rows": people_rows,
                   "member_url_prefix": member_url_prefix}
        assert env.from_string(NEW).render(context) == env.from_string(LOOP).render(context)
