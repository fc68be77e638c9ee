"""Grid work: 清楼 sweeps and visits, incident reports (事件上报)."""
