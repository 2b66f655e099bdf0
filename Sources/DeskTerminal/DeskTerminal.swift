// DeskTerminal
