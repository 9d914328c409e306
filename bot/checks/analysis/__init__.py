"""What several checks read: analyses of a parsed list, shared and computed once per review.

`facts`, `votes`, `venues`, `cells` and `conventions` read entries and learn a list's habits
(the format check); `identity` says what an entry is (duplicates, placement); `categories`,
`toc` and `words` model the sections (placement); `quote` words excerpts for messages.
"""
