"""Copy speaks to members, not to the people who run the site."""

from __future__ import annotations

import re

import pytest

OPERATOR_WORDS = re.compile(r"install|pip |extra\b|embedding|backend|MATCHER_|model path",
                            re.IGNORECASE)


@pytest.mark.parametrize("need", ["tiles blew off my mum's house", "zzzz qqqq"])
def test_the_match_page_speaks_to_members(client, auth, world, need):
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/match", query_string={"q": need})
    assert page.status_code == 200
    main = page.get_data(as_text=True).split('<main id="content"', 1)[1]
    assert not OPERATOR_WORDS.search(main), OPERATOR_WORDS.search(main).group(0)
