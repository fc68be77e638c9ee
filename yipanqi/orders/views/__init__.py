"""Order pages: residents (place, follow, rate), the community's dispatch board, members (claim,
take, complete), the street and district overview, and the order detail every party shares."""
