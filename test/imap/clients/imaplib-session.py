"""A session of Python's imaplib against Webmel, as a script a teacher's own tool would run.

Arguments: port, login, password. Prints one line per step, `step: result`, for the test to check.
"""
import imaplib
import sys

port, login, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
imap = imaplib.IMAP4("127.0.0.1", port)
print("capability:", "IMAP4REV1" in imap.capabilities)
print("login:", imap.login(login, password)[0])
print("create:", imap.create("Projets")[0])
print("subscribe:", imap.subscribe("Projets")[0])
message = b"From: parent@example.org\r\nSubject: Sortie au musee\r\n\r\nLe car part a 8 h 30.\r\n"
print("append:", imap.append("Projets", "(\\Flagged)", imaplib.Time2Internaldate(1700000000), message)[0])
typ, data = imap.select("Projets")
print("select:", typ, data[0].decode())
typ, data = imap.search(None, "BODY", '"car par"')
print("search:", data[0].decode())
typ, data = imap.uid("SEARCH", "FLAGGED")
print("uid search:", data[0].decode())
typ, data = imap.fetch("1", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
print("fetch:", b"Sortie au musee" in data[0][1])
print("store:", imap.store("1", "+FLAGS", "(\\Deleted)")[0])
typ, data = imap.expunge()
print("expunge:", typ, data[0].decode())
typ, data = imap.lsub('""', "Projets")
print("lsub:", data[0].decode())
imap.close()
print("logout:", imap.logout()[0])
