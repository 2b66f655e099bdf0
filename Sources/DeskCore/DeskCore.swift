// DeskCore
