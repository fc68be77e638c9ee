"""四方议事厅 and councils: topics, meetings, votes, resolutions, follow-ups."""
