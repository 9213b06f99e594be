"""One extractor per kind of evidence, each returning typed spans (offsets into the text):

- :mod:`.quotes`: direct quotations (quote marks, dash-opened speech)
- :mod:`.attribution`: speakers and reporting verbs of quotations, reported speech
- :mod:`.credits`: agency datelines and credits
- :mod:`.loaded`: loaded terms (lexicon and scare quotes), one hit per stretch of text
- :mod:`.comments`: an appended reader-comment thread
- :mod:`.places`: places beyond the language's home country

:func:`framing.analysis.analyse` runs them once and assembles the frozen ``Analysis``.
"""
