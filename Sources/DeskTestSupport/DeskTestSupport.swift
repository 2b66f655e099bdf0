// DeskTestSupport
