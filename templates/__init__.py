"""Reply templates shipped with difbot (NAME.LANG.txt.j2); see replies.py."""
