"""yipanqi (一盘棋): urban grassroots party building and community co-governance, as one system."""
