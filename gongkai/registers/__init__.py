"""Registers (工作登记): 第二十条 statistics and the disclosure work log."""
