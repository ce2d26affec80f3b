# Filled by the community issue: topics, posts, votes, shared code.
